/** Keeps a promise (and its failure) once made; a failure never goes unhandled. */
export class Memo {
  private readonly map = new Map<string, Promise<unknown>>();
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.map.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      p.catch(() => undefined);
      this.map.set(key, p);
    }
    return p;
  }
}

export interface Once<T> {
  (): Promise<T>;
  /** The promise if it was made, else null (without making it). */
  peek(): Promise<T> | null;
}

/** One promise, made on the first call and kept (its failure too, never unhandled). */
export function once<T>(load: () => Promise<T>): Once<T> {
  let p: Promise<T> | null = null;
  const get = () => {
    if (!p) {
      p = load();
      p.catch(() => undefined);
    }
    return p;
  };
  return Object.assign(get, { peek: () => p });
}
