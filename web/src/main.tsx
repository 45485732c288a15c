import '@kern-ux/native/dist/kern.min.css';
import './app/fonts.css';
import './app/app.css';
import './app/workspaces.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
