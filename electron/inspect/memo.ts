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
