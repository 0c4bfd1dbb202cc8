import { createRoot } from 'react-dom/client';
import 'survey-core/survey-core.fontless.min.css';
import '@fontsource-variable/atkinson-hyperlegible-next/wght.css';
import './patient.css';
import { App } from './app.js';

createRoot(document.getElementById('root')!).render(<App />);
