import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** Runs work in one database transaction; repositories take the given manager to join it. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    return this.dataSource.transaction(isolation, work);
  }
}
