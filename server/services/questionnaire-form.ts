/** A questionnaire's SurveyJS form for the staff app: to fill in with a patient, to print blank, to show a response read-only. */
import type { QuestionnaireForm } from '../contract/responses.js';
import { withoutPipedHtml } from '../domain/piped-html.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { findUnit } from '../storage/units.js';
import { settingsForUnit } from './units.js';

/** The version served now, or the exact version a stored response was answered with. */
export async function questionnaireForm(ctx: ServiceContext, id: string, version?: string, unitId?: string): Promise<QuestionnaireForm> {
  const q = version === undefined ? ctx.questionnaires.current(id) : await ctx.questionnaires.version(ctx.db, id, version);
  if (!q) throw new ServiceError('not_found', 'questionnaire_not_found', version === undefined ? `No questionnaire "${id}" is served` : `No version "${version}" of questionnaire "${id}"`);
  const { definition } = q;
  // The unit's phone (its own, else the site's, field by field) for the safety message printed on a
  // blank form (issue 24); the scored items so the form can name blanks.
  if (unitId !== undefined && !(await findUnit(ctx.db, unitId))) throw new ServiceError('not_found', 'unit_not_found', 'No such unit');
  const { site } = await settingsForUnit(ctx, ctx.db, unitId ?? null);
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    // A version stored before the load check refused {…} in HTML: nothing is piped into it (issue 21).
    survey: withoutPipedHtml(definition.survey),
    site,
    scoredItems: [...new Set(definition.scales.flatMap((s) => s.items))],
  };
}
