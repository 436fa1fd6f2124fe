import { describe, expect, it } from 'vitest';
import { archiveTitles, utcTime } from '../../../shared/tab-titles';
import { isTyping, matchCommands, type Command } from '../../../renderer/src/lib/command-match';
import { rovingIndex } from '../../../renderer/src/lib/roving-keys';
import { parseSavedView, restoreView } from '../../../renderer/src/lib/saved-view';
import { MAX_PLACES, emptyHistory, forget, step, visit, type Place } from '../../../renderer/src/lib/view-history';

const archive = (archiveId: string, fileName: string, containerName: string | null, checkpointedAt: string | null) => ({
  archiveId,
  fileName,
  containerName,
  checkpointedAt,
});

describe('archiveTitles', () => {
  it('names a tab by container and checkpoint time (UTC), or the file name without a time', () => {
    const titles = archiveTitles([
      archive('a', 'web-1.tar', 'web', '2026-12-02T16:40:12.5Z'),
      archive('b', 'db.tar', 'db', null),
      archive('c', 'plain.tar', null, null),
    ]);
    expect(titles.get('a')?.title).toBe('web · 2026-12-02 16:40 UTC');
    expect(titles.get('b')?.title).toBe('db · db.tar');
    // Two files, one container, no times: the file names tell them apart.
    const untimed = archiveTitles([archive('x', 'x.tar', 'db', null), archive('y', 'y.tar', 'db', null)]);
    expect([...untimed.values()].map((t) => t.title)).toEqual(['db · x.tar', 'db · y.tar']);
    expect(titles.get('c')?.title).toBe('plain.tar');
    expect(titles.get('a')?.tooltip).toBe('File: web-1.tar\nContainer: web\nCheckpointed: 2026-12-02 16:40:12 UTC');
    expect(titles.get('c')?.tooltip).toContain('Container: not named in the archive');
  });

  it('tells seven checkpoints of "web" apart: seconds, then the file name, then a number', () => {
    const list = [
      archive('1', 'w1.tar', 'web', '2026-12-02T16:40:01Z'),
      archive('2', 'w2.tar', 'web', '2026-12-02T16:40:02Z'),
      archive('3', 'w3.tar', 'web', '2026-12-02T16:41:00Z'),
      archive('4', 'same.tar', 'web', '2026-12-02T16:42:00Z'),
      archive('5', 'other.tar', 'web', '2026-12-02T16:42:00Z'),
      archive('6', 'copy.tar', 'web', '2026-12-02T16:43:00Z'),
      archive('7', 'copy.tar', 'web', '2026-12-02T16:43:00Z'),
    ];
    const titles = [...archiveTitles(list).values()].map((t) => t.title);
    expect(titles).toEqual([
      'web · 2026-12-02 16:40:01 UTC',
      'web · 2026-12-02 16:40:02 UTC',
      'web · 2026-12-02 16:41 UTC',
      'web · same.tar · 2026-12-02 16:42:00 UTC',
      'web · other.tar · 2026-12-02 16:42:00 UTC',
      'web · copy.tar · 2026-12-02 16:43:00 UTC',
      'web · copy.tar · 2026-12-02 16:43:00 UTC (2)',
    ]);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('reads an unreadable time as none', () => {
    expect(utcTime('yesterday')).toBeNull();
    expect(utcTime(null)).toBeNull();
    expect(archiveTitles([archive('x', 'x.tar', null, 'garbage')]).get('x')?.title).toBe('x.tar');
  });
});

describe('rovingIndex', () => {
  it('steps with wrap-around and jumps to the ends; other keys are not its', () => {
    expect(rovingIndex('ArrowRight', 19, 20)).toBe(0);
    expect(rovingIndex('ArrowLeft', 0, 20)).toBe(19);
    expect(rovingIndex('ArrowRight', 3, 20)).toBe(4);
    expect(rovingIndex('Home', 7, 20)).toBe(0);
    expect(rovingIndex('End', 7, 20)).toBe(19);
    expect(rovingIndex('a', 7, 20)).toBeNull();
    expect(rovingIndex('End', 0, 0)).toBeNull();
  });
});

describe('view history', () => {
  const at = (archiveId: string | null, view: string | null): Place =>
    archiveId ? { screen: 'archive', archiveId, view } : { screen: 'start', archiveId: null, view: null };

  it('goes back and forward; a new place drops what was ahead; the same place twice is one', () => {
    let h = visit(visit(visit(emptyHistory, at(null, null)), at('a', 'processes')), at('a', 'memory'));
    h = visit(h, at('a', 'memory'));
    expect(h.places).toHaveLength(3);
    h = step(h, -1);
    expect(h.places[h.at]).toEqual(at('a', 'processes'));
    expect(step(step(step(h, -1), -1), -1).at).toBe(0);
    h = visit(h, at('b', 'overview'));
    expect(h.places.map((p) => p.archiveId)).toEqual([null, 'a', 'b']);
    expect(step(h, 1)).toBe(h);
  });

  it('forgets a closed archive and keeps its place in what remains', () => {
    let h = emptyHistory;
    for (const p of [at(null, null), at('a', 'overview'), at(null, null), at('b', 'files'), at('a', 'memory')])
      h = visit(h, p);
    h = step(h, -1); // at b
    const f = forget(h, 'a');
    expect(f.places).toEqual([at(null, null), at('b', 'files')]);
    expect(f.places[f.at]).toEqual(at('b', 'files'));
    expect(forget(visit(emptyHistory, at('a', 'x')), 'a')).toEqual({ places: [], at: -1 });
  });

  it('keeps at most MAX_PLACES places', () => {
    let h = emptyHistory;
    for (let i = 0; i < MAX_PLACES + 20; i++) h = visit(h, at(`a${i}`, 'overview'));
    expect(h.places).toHaveLength(MAX_PLACES);
    expect(h.at).toBe(MAX_PLACES - 1);
  });
});

describe('saved view', () => {
  const views = new Set(['overview', 'memory']);
  it('reads back what was saved, dropping views it does not know and junk', () => {
    const text = JSON.stringify({ screen: 'archive', activeId: 'a1', views: { a1: 'memory', a2: 'evil', a3: 7 } });
    expect(parseSavedView(text, views)).toEqual({ screen: 'archive', activeId: 'a1', views: { a1: 'memory' } });
    expect(parseSavedView('{', views)).toBeNull();
    expect(parseSavedView('null', views)).toBeNull();
    expect(parseSavedView(JSON.stringify({ screen: 'nowhere' }), views)).toBeNull();
    expect(parseSavedView(null, views)).toBeNull();
  });
  it('applies only to archives still open', () => {
    const saved = { screen: 'archive' as const, activeId: 'gone', views: { gone: 'memory', a2: 'memory' } };
    expect(restoreView(saved, ['a2', 'a3'])).toEqual({ screen: 'archive', activeId: 'a2', views: { a2: 'memory' } });
    expect(restoreView(saved, [])).toEqual({ screen: 'start', activeId: null, views: {} });
    expect(restoreView({ screen: 'containers', activeId: null, views: {} }, []).screen).toBe('containers');
  });
});

describe('matchCommands and isTyping', () => {
  const cmd = (id: string, label: string, group: Command['group'], keywords?: string): Command => ({
    id,
    label,
    group,
    ...(keywords ? { keywords } : {}),
    run: () => undefined,
  });
  const list = [
    cmd('a', 'web · 2026-12-02 16:40 UTC', 'Archives', 'web-1.tar'),
    cmd('m', 'Memory', 'Views'),
    cmd('s', 'Search memory', 'Views'),
    cmd('o', 'Open a checkpoint archive…', 'Actions'),
  ];
  it('keeps the commands with every word, label prefix first', () => {
    expect(matchCommands('', list)).toBe(list);
    expect(matchCommands('memory', list).map((c) => c.id)).toEqual(['m', 's']);
    expect(matchCommands('mem search', list).map((c) => c.id)).toEqual(['s']);
    expect(matchCommands('web-1', list).map((c) => c.id)).toEqual(['a']);
    expect(matchCommands('views', list).map((c) => c.id)).toEqual(['m', 's']);
    expect(matchCommands('zzz', list)).toEqual([]);
  });
  it('counts text fields as typing, not buttons or checkboxes', () => {
    expect(isTyping({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'search' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTyping({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
