import { createRoot } from 'react-dom/client';
import 'survey-core/survey-core.fontless.min.css';
// The theme's variables as a file: the server's Content-Security-Policy refuses inline styles (client/build/survey-theme.ts).
import 'virtual:surveyjs-theme.css';
import '@fontsource-variable/atkinson-hyperlegible-next/wght.css';
import './patient.css';
import { App } from './app.js';
import { loadInvitationEarly } from './hooks/use-invitation.js';
import { tokenFromPath } from './logic/route.js';
import { browserStore } from '../survey/key-value-store.js';
import { readLocalState } from './logic/storage.js';

const token = tokenFromPath(window.location.pathname);
// A submission still waiting on this tablet is sent first; the questionnaire is not needed then.
if (token && readLocalState(browserStore(), token).pending === null) loadInvitationEarly(token);

createRoot(document.getElementById('root')!).render(<App />);
