export { DomainError, type ErrorKind } from './domain-error';
export { formatEuros, frenchDate, frenchPercent } from './french-format';
export { isUuid } from './uuid';
