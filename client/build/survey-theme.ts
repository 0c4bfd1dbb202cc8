/**
 * Vite build step: SurveyJS's theme as a static stylesheet, so the questionnaire keeps its layout
 * under the server's Content-Security-Policy (`style-src 'self'`).
 *
 * survey-react-ui writes its base theme (about 1,600 CSS variables that every size, colour and
 * spacing of its stylesheet refers to) into an inline `<style>` at run time, and adds box-shadow
 * "reset" variables computed from the page. The policy refuses inline styles, and without those
 * variables answers lose their size, their radio circles and the border of a text box. Here the
 * same CSS is made at build time (`import 'virtual:surveyjs-theme.css'`), the inline copy is turned
 * off (`generateStylesheet = false` in createPatientSurvey), and the variables are dropped from the
 * JavaScript bundle, so a tablet downloads them once, as CSS.
 */
import { BaseTheme, createBaseThemeStyle, createBoxShadowReset, type ITheme } from 'survey-core';
import type { Plugin } from 'vite';

export const SURVEY_THEME_MODULE = 'virtual:surveyjs-theme.css';
const RESOLVED_ID = `\0${SURVEY_THEME_MODULE}`;

/** The variables survey-core resets at run time from their computed values (createResetVariablesStyle). */
const SHADOW_VARIABLES = [
  '--sjs2-border-effect-surface-default',
  '--sjs2-border-effect-surface-focused',
  '--sjs2-border-effect-component-formbox-default',
  '--sjs2-border-effect-component-formbox-focused',
];

/** A variable's value with every `var(--name)` replaced by its value, as the browser computes it. */
function resolveVariables(value: string, variables: Record<string, string>, seen: string[] = []): string {
  return value.replace(/var\(\s*(--[\w-]+)\s*\)/g, (_, name: string) => {
    const inner = variables[name];
    if (inner === undefined) throw new Error(`SurveyJS theme: ${seen.at(-1) ?? 'a variable'} refers to ${name}, which the theme does not define`);
    if (seen.includes(name)) throw new Error(`SurveyJS theme: ${name} refers to itself`);
    return resolveVariables(inner, variables, [...seen, name]);
  }).trim();
}

/** The stylesheet survey-react-ui would write inline for this theme: the base variables, then the shadow resets. */
function surveyThemeCss(theme: ITheme): string {
  const variables = { ...BaseTheme.cssVariables, ...theme.cssVariables } as Record<string, string>;
  const resets = SHADOW_VARIABLES.map((name) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`SurveyJS theme: ${name} is no longer in survey-core's base theme; check createResetVariablesStyle`);
    return `  ${name}-reset: ${createBoxShadowReset(resolveVariables(value, variables, [name]))};`;
  });
  return `${createBaseThemeStyle()}\n:where(.sd-theme-root) {\n${resets.join('\n')}\n}\n`;
}

const SURVEY_CORE_BUNDLE = /node_modules\/survey-core\/fesm\/survey-core\.mjs$/;

/**
 * survey-core's copy of the base variables, emptied: with generateStylesheet off nothing reads it.
 * Fails the build if survey-core changes shape, rather than shipping the variables twice.
 */
function withoutBaseThemeVariables(code: string): string {
  const start = code.indexOf('var baseTheme = {');
  const end = start === -1 ? -1 : code.indexOf('\n};\n', start);
  if (start === -1 || end === -1) throw new Error('survey-core no longer declares "var baseTheme = {...};": update client/build/survey-theme.ts');
  const literal = code.slice(start + 'var baseTheme = '.length, end + 2);
  let theme: ITheme;
  try {
    theme = JSON.parse(literal) as ITheme;
  } catch {
    throw new Error("survey-core's baseTheme is no longer plain JSON: update client/build/survey-theme.ts");
  }
  return `${code.slice(0, start)}var baseTheme = ${JSON.stringify({ ...theme, cssVariables: {} })};${code.slice(end + 3)}`;
}

export function surveyThemeStylesheet(theme: ITheme): Plugin {
  let building = false;
  return {
    name: 'lindring-surveyjs-theme',
    configResolved: (config) => {
      building = config.command === 'build';
    },
    resolveId: (id) => (id === SURVEY_THEME_MODULE ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? surveyThemeCss(theme) : undefined),
    transform: (code, id) => {
      // Only in a build: the dev server and the unit tests keep survey-core as it is.
      if (!building || !SURVEY_CORE_BUNDLE.test(id)) return undefined;
      return { code: withoutBaseThemeVariables(code), map: null };
    },
  };
}
