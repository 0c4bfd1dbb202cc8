import { describe, expect, it } from 'vitest';
import { createAutosaver, type Snapshot, type Timers } from '../../../client/patient/hooks/use-autosave.js';
import type { LocalDraft } from '../../../client/patient/logic/storage.js';
import type { Draft } from '../../../server/contract/responses.js';

/** Timers run by hand. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    set: (fn, ms) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fire() {
      const all = [...pending.entries()];
      pending.clear();
      for (const [, p] of all) p.fn();
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const snap = (c1: number, page: string | null = null): Snapshot => ({ answers: { c1 }, locale: 'da', page });

function setup(remoteResults: boolean[] = []) {
  const clock = manualTimers();
  const local: LocalDraft[] = [];
  const remote: Draft[] = [];
  const resolvers: ((ok: boolean) => void)[] = [];
  const saver = createAutosaver({
    delayMs: 1500,
    timers: clock.timers,
    saveLocal: (d) => void local.push(d),
    saveRemote: (d) => {
      remote.push(d);
      if (remoteResults.length > 0) return Promise.resolve(remoteResults.shift()!);
      return new Promise<boolean>((resolve) => resolvers.push(resolve));
    },
  });
  return { saver, clock, local, remote, resolvers };
}

describe('createAutosaver', () => {
  it('saves every change on the tablet at once and sends only the latest to the server after the pause', async () => {
    const { saver, clock, local, remote } = setup([true]);
    saver.change(snap(1));
    saver.change(snap(2));
    expect(local.map((d) => [d.answers.c1, d.unsynced])).toEqual([[1, true], [2, true]]);
    expect(remote).toEqual([]);
    expect(clock.delays()).toEqual([1500]);
    clock.fire();
    await flush();
    expect(remote).toEqual([{ answers: { c1: 2 }, locale: 'da' }]);
    expect(local.at(-1)).toEqual({ answers: { c1: 2 }, locale: 'da', page: null, unsynced: false });
    expect(saver.unsynced).toBe(false);
  });

  it('sends the name of the page the patient is on, and none while it is unknown', async () => {
    const { saver, clock, remote } = setup([true, true]);
    saver.change(snap(1, 'symptoms'));
    clock.fire();
    await flush();
    saver.change(snap(2));
    clock.fire();
    await flush();
    expect(remote).toEqual([{ answers: { c1: 1 }, locale: 'da', page: 'symptoms' }, { answers: { c1: 2 }, locale: 'da' }]);
  });

  it('sends one request at a time, so an older draft never overwrites a newer one', async () => {
    const { saver, local, remote, resolvers } = setup();
    saver.change(snap(1));
    const first = saver.flush();
    saver.change(snap(2));
    const second = saver.flush();
    await flush();
    expect(remote).toHaveLength(1);
    resolvers.shift()!(true);
    await first;
    await flush();
    // The answer to the first request does not mark the newer change as synced.
    expect(local.filter((d) => !d.unsynced)).toEqual([]);
    expect(remote.map((d) => d.answers.c1)).toEqual([1, 2]);
    resolvers.shift()!(true);
    await second;
    expect(local.at(-1)).toMatchObject({ answers: { c1: 2 }, unsynced: false });
  });

  it('keeps the change marked unsynced and tries again later when the server cannot be reached', async () => {
    const { saver, clock, local, remote } = setup([false, true]);
    saver.change(snap(1));
    await saver.flush();
    expect(saver.unsynced).toBe(true);
    expect(local.at(-1)!.unsynced).toBe(true);
    expect(clock.delays()).toEqual([2000]);
    clock.fire();
    await flush();
    expect(remote).toHaveLength(2);
    expect(saver.unsynced).toBe(false);
  });

  it('sends nothing when nothing changed, and nothing at all after dispose', async () => {
    const { saver, clock, local, remote, resolvers } = setup();
    await saver.flush();
    expect(remote).toEqual([]);
    saver.change(snap(1));
    const inFlight = saver.flush();
    saver.dispose();
    resolvers.shift()!(true);
    await inFlight;
    saver.change(snap(2));
    expect(local).toHaveLength(1);
    expect(clock.delays()).toEqual([]);
  });
});
