/**
 * The SurveyJS theme for tired eyes and unsteady hands: 20 px text, larger controls (so every
 * choice is a touch target of at least 48 px), dark text and a dark brand colour that keeps
 * white text on it above WCAG AA (the stock green is 2.6:1), and our self-hosted font.
 */
import type { ITheme } from 'survey-core';

/** 'Lindring Digits' (patient.css): 0-9 from the device's sans-serif, since Atkinson's slashed zero reads as "Ø". */
const PATIENT_FONT = "'Lindring Digits', 'Atkinson Hyperlegible Next Variable', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
/** Deep teal: 7.4:1 against white. */
const BRAND = '#0b5d52';

export const patientTheme: ITheme = {
  themeName: 'default',
  colorPalette: 'light',
  isPanelless: false,
  cssVariables: {
    '--sjs2-base-unit-font-size': '10px',
    '--sjs2-base-unit-line-height': '10px',
    '--sjs2-base-unit-size': '10px',
    '--sjs2-base-unit-spacing': '8px',
    '--sjs2-typography-font-family-text': PATIENT_FONT,
    '--sjs2-color-project-brand-600': BRAND,
    '--sjs2-color-utility-surface-survey': '#f3f5f4',
    '--sjs2-color-fg-basic-primary': '#17161b',
    '--sjs2-color-fg-basic-secondary': '#3b3a40',
    '--sjs2-color-fg-basic-tertiary': '#55535b',
    '--sjs2-color-border-basic-secondary': '#6b6973',
  },
};
