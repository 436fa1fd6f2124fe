import type { ProblemInfo, View } from '../../../shared/dto';
import type { DiffProblem } from '../../../shared/dto/forensics';
import { problemOf } from '../process-images';

/** The problems of one side of a diff, each once. */
export class SideProblems {
  readonly list: DiffProblem[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly side: 'a' | 'b') {}

  add(problems: readonly ProblemInfo[]): void {
    for (const p of problems) {
      const key = JSON.stringify([p.where, p.pid ?? null, p.code, p.message]);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.list.push({ ...p, side: this.side });
    }
  }

  /** The rows of a view (its problems kept), or none and a problem when the view failed as a whole. */
  async rows<T>(read: () => Promise<View<T>>, where: string): Promise<T[]> {
    try {
      const view = await read();
      this.add(view.problems);
      return view.rows;
    } catch (error) {
      this.add([problemOf(error, where)]);
      return [];
    }
  }

  async value<T>(read: () => Promise<T>, where: string, unread: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      this.add([problemOf(error, where)]);
      return unread;
    }
  }
}
