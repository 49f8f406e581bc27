export * from './procedures';
export * from './structures';
export * from './offers';
export * from './search';
export * from './open-data';
