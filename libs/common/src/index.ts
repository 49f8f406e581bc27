export { DomainError, type ErrorKind } from './domain-error';
export { formatEuros, frenchDate } from './french-format';
export { isUuid } from './uuid';
