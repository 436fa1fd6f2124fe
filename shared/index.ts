export * from './contract';
export * from './events';
export * from './errors';
export * from './envelope';
export * from './wire';
export type * from './api';
export type * from './dto';
export * as schemas from './schemas';
