/**
 * The script of the hosted account pages (served as /account/assets/account.js,
 * the only script the pages' CSP allows). The page's words come from the
 * server in a JSON data block, so the script knows no language. A token a
 * message carried arrives in the URL's fragment, which browsers never send
 * to a server; the script moves it into the request body and drops it from
 * the address bar and history.
 */

import { passwordReset } from './reset.js';
import { signInPage } from './sign-in.js';
import { twoFactor } from './two-factor.js';
import { invitationPage } from './invitation.js';

/** Each page names itself in `<body data-page>`; its module wires it up. */
const PAGES: Record<string, () => void> = { reset: passwordReset, 'sign-in': signInPage, 'two-factor': twoFactor, invitation: invitationPage };

PAGES[document.body.dataset.page ?? '']?.();
