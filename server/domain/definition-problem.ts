/** A problem found in a questionnaire file, at its JSON path: what the loader reports before it refuses to start. */
export interface DefinitionProblem {
  /** JSON path inside the file, e.g. `$.scales[2].items[0]`. */
  path: string;
  message: string;
}

export function jsonPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((p, part) => (typeof part === 'number' ? `${p}[${part}]` : /^[A-Za-z_$][\w$]*$/.test(String(part)) ? `${p}.${String(part)}` : `${p}[${JSON.stringify(String(part))}]`), '$');
}
