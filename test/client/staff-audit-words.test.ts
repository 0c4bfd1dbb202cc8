import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../server/contract/audit.js';
import { AUDIT_ACTION_TEXT, auditActionText, auditActorText, auditQueryOf, NO_AUDIT_FILTER } from '../../client/staff/logic/audit-log.js';
import { staffName } from '../../client/staff/logic/staff-name.js';
import type { AuditEntry } from '../../server/contract/responses.js';

const SERVER = path.resolve(import.meta.dirname, '..', '..', 'server');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });

describe('the audit log in words', () => {
  it('has Danish and English words for every audit action code, each its own', () => {
    for (const lang of ['da', 'en'] as const) {
      expect(Object.keys(AUDIT_ACTION_TEXT[lang]).sort()).toEqual([...AUDIT_ACTIONS].sort());
      for (const code of AUDIT_ACTIONS) expect(AUDIT_ACTION_TEXT[lang][code].trim(), `${lang} ${code}`).not.toBe('');
      expect(new Set(Object.values(AUDIT_ACTION_TEXT[lang])).size).toBe(AUDIT_ACTIONS.length);
    }
    expect(AUDIT_ACTION_TEXT.da['flags.listed']).toBe('så arbejdslisten');
  });

  it('lists every action code the server writes (recordAudit only takes listed codes; this catches a template string)', () => {
    const written = new Set<string>();
    for (const file of sources(SERVER)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('recordAudit') && !text.includes('changeAudited')) continue;
      for (const m of text.matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) written.add(m[1]!);
      for (const m of text.matchAll(/action: `([a-z_]+)\.\$\{/g)) written.add(`${m[1]}.*`);
    }
    expect(written.size).toBeGreaterThan(40);
    for (const code of written) {
      if (code.endsWith('.*')) expect(AUDIT_ACTIONS.some((a) => a.startsWith(code.slice(0, -1))), code).toBe(true);
      else expect(AUDIT_ACTIONS, code).toContain(code);
    }
  });

  it('shows an unknown code (a newer server) as it is', () => {
    expect(auditActionText('flag.teleported', 'da')).toBe('flag.teleported');
    expect(auditActionText('auth.login', 'da')).toBe('loggede ind');
    expect(auditActionText('auth.login', 'en')).toBe('logged in');
  });

  it('names staff by full name and title where an admin gave them', () => {
    expect(staffName({ username: 'ahansen', fullName: 'Anne Hansen', title: 'sygeplejerske' })).toBe('Anne Hansen, sygeplejerske');
    expect(staffName({ username: 'ahansen', fullName: 'Anne Hansen', title: null })).toBe('Anne Hansen');
    expect(staffName({ username: 'ahansen', fullName: null, title: 'læge' })).toBe('ahansen');
    const entry = (actor: AuditEntry['actor']): AuditEntry => ({ id: '1', at: '', actor, action: 'auth.login', entity: { type: 'staff_user', id: null }, patientId: null, patientExternalId: null, details: null });
    const users = [{ id: 'u1', username: 'ahansen', role: 'nurse' as const, createdAt: '', disabled: false, mustChangePassword: false, secondFactor: false, fullName: 'Anne Hansen', title: null, unitIds: [], siteAdmin: false }];
    const words = { patient: 'Patienten', system: 'Systemet' };
    expect(auditActorText(entry({ type: 'staff', id: 'u1', name: 'ahansen' }), users, words)).toBe('Anne Hansen');
    expect(auditActorText(entry({ type: 'staff', id: 'gone', name: 'old' }), users, words)).toBe('old');
    expect(auditActorText(entry({ type: 'patient', id: 'i', name: null }), users, words)).toBe('Patienten');
    expect(auditActorText(entry({ type: 'anonymous', id: null, name: null }), users, words)).toBe('Systemet');
  });

  it('asks the API for the filter, leaving out empty fields, and the next page before the last id', () => {
    expect(auditQueryOf(NO_AUDIT_FILTER, 50)).toEqual({ limit: '50' });
    expect(auditQueryOf({ actorId: 'u1', patientExternalId: ' DEMO-1001 ', from: '2026-12-01', to: '' }, 50, '120')).toEqual({ limit: '50', actorId: 'u1', patientExternalId: 'DEMO-1001', from: '2026-12-01', before: '120' });
  });
});
