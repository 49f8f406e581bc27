export { DomainError, type ErrorKind } from './domain-error';
