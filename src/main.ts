// First of all: the origins this page may connect to (the configured broker and webhooks), as a policy.
import './app/connect-policy-boot';
// Listen for the browser's install offer before anything else can miss it.
import './app/install';
import { pwa } from './app/pwa';
import './components/detector-app';

// Production builds: the service worker makes the app installable and offline (a no-op in the dev server).
void pwa.register();
