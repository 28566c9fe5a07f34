/**
 * Runs first on the page (src/main.ts imports it before anything else): fixes which origins the page may
 * connect to for this visit, from the saved monitor configuration (see src/app/connect-policy.ts).
 */
import { installConnectPolicy } from './connect-policy';

export const allowedConnectOrigins: ReadonlySet<string> = installConnectPolicy(document, localStorage);
