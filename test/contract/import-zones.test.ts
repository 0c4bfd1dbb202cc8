import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The import zones of eslint.config.js, run through ESLint itself on snippets placed (by file path)
// in each folder: the contract is the one place the client and the server meet, and the server's
// layers point one way (http → services → domain, services → storage).
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import zones', () => {
  it.each([
    ['client/staff/x.ts', "import { x } from '../../server/domain/scoring.js';", 'only its contract'],
    ['client/staff/logic/x.ts', "import type { x } from '../../../server/storage/database.js';", 'only its contract'],
    ['client/patient/x.ts', "export { x } from '../../server/http/app.js';", 'only its contract'],
    ['client/staff/forms/x.ts', "import { x } from '../../patient/logic/storage.js';", 'nothing from client/patient/'],
    ['server/contract/x.ts', "import { x } from '../domain/scoring.js';", 'imports nothing from domain'],
    ['server/contract/x.ts', "import { x } from '../services/flags.js';", 'imports nothing from domain'],
    ['server/domain/x.ts', "import { x } from '../services/submit-response.js';", 'neither services, storage nor http'],
    ['server/domain/x.ts', "import type { x } from '../storage/database.js';", 'neither services, storage nor http'],
    ['server/domain/x.ts', "import { x } from '../http/errors.js';", 'neither services, storage nor http'],
    ['server/storage/x.ts', "import { x } from '../services/audit.js';", 'neither services nor http'],
    ['server/storage/x.ts', "import type { x } from '../http/app.js';", 'neither services nor http'],
    ['server/services/x.ts', "import type { x } from '../http/logging.js';", 'nothing from http'],
  ])('refuses in %s: %s', async (filePath, code, message) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(message);
  });

  it.each([
    ['client/staff/x.ts', "import { x } from '../../server/contract/codes.js';"],
    ['client/staff/x.ts', "import { x } from '../survey/survey-model.js';"],
    ['client/staff/logic/x.ts', "import type { x } from '../../../server/contract/responses.js';"],
    ['server/domain/x.ts', "import { x } from '../contract/codes.js';"],
    ['server/domain/x.ts', "import { x } from './scoring.js';"],
    ['server/storage/x.ts', "import { x } from '../domain/flagging.js';"],
    ['server/storage/x.ts', "import { x } from './database.js';"],
    ['server/services/x.ts', "import { x } from '../storage/flags.js';"],
    ['server/services/x.ts', "import type { x } from '../logging.js';"],
    ['server/http/x.ts', "import { x } from '../services/flags.js';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});
