export type * from './app';
export type * from './archive';
export type * from './process';
export type * from './containerd';
export type * from './jobs';
export type * from './forensics';
