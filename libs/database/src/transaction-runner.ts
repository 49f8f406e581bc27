import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** Runs work in one database transaction; repositories take the given manager to join it. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Without `isolation`, PostgreSQL's default (READ COMMITTED) applies; naming a level costs one more
   * round trip (TypeORM sends SET TRANSACTION after START TRANSACTION).
   */
  run<T>(work: (manager: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    return isolation ? this.dataSource.transaction(isolation, work) : this.dataSource.transaction(work);
  }
}
