/** The staff forms' messages from the server's own schemas (server/contract/requests.ts). Pure. */
import type { MessageKey } from '../i18n.js';

/**
 * The first message per field that a shared schema refused (the field is the first element of the
 * issue's path); a field `messageOf` has no message for is left out.
 */
export function fieldProblems<F extends string>(
  issues: readonly { path: readonly PropertyKey[] }[] | undefined, messageOf: (field: F) => MessageKey | undefined,
): Partial<Record<F, MessageKey>> {
  const problems: Partial<Record<F, MessageKey>> = {};
  for (const issue of issues ?? []) {
    const field = issue.path[0] as F;
    const message = messageOf(field);
    if (message && !problems[field]) problems[field] = message;
  }
  return problems;
}
