import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { start } from '../client/actions';
import { installMarkers } from '../client/markers';
import { registerFeatures } from '../client/features-registry';
import { FEATURES } from './features';
import { registerServiceWorker } from './register-sw';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
registerFeatures(FEATURES); // every feature's init/cancel/re-run, called by the client
installMarkers(); // the <html> data-* markers of the public contract
void start();
registerServiceWorker();
