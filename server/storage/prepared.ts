/**
 * Queries built and compiled by Kysely once, then run with new parameters: the SQL stays Kysely's
 * (portable across dialects) while a hot path skips building and compiling on every request.
 * Together with the statement caches of the SQLite driver this makes them prepared statements.
 */
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Db } from './database.js';

type Slot<P> = { param: keyof P } | { constant: unknown };
const MARKER = '\u0000prepared-param:';

export interface Prepared<P, R> {
  (db: Db, params: P): Promise<QueryResult<R>>;
  /** The compiled query with these parameters, to run later (e.g. in a group commit). */
  compile(db: Db, params: P): CompiledQuery<R>;
}

/**
 * `build(db, p)` must use each `p.<name>` as a plain value (in `where`, `values`, `set`), the same
 * way every time; its SQL is compiled once per dialect. A value in the query that is not from `p`
 * is kept as a constant.
 */
export function prepared<P extends Record<string, unknown>, R = unknown>(build: (db: Db, p: P) => Compilable<R>): Prepared<P, R> {
  const byDialect = new Map<unknown, { sql: string; slots: Slot<P>[] }>();
  const compile = (db: Db, params: P): CompiledQuery<R> => {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const markers = Object.fromEntries(Object.keys(params).map((k) => [k, `${MARKER}${k}`])) as P;
      const query = build(db, markers).compile();
      compiled = {
        sql: query.sql,
        slots: query.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARKER) ? { param: v.slice(MARKER.length) as keyof P } : { constant: v })),
      };
      byDialect.set(dialect, compiled);
    }
    return CompiledQuery.raw(compiled.sql, compiled.slots.map((s) => ('param' in s ? params[s.param] : s.constant))) as CompiledQuery<R>;
  };
  const run = ((db: Db, params: P) => db.executeQuery(compile(db, params))) as Prepared<P, R>;
  run.compile = compile;
  return run;
}
