/**
 * @staffgate/components: the host app's staff screens as web components,
 * in one ES module. Importing it defines the elements; each talks to the
 * API through the `client` property (a `StaffGateClient`) the host sets.
 */
export { theme } from './theme.js';
export { COMPONENT_LANGUAGES, type ComponentLanguage } from './language.js';
export { StaffGatePinPad, PIN_PAD_WORDS, PIN_PAD_WORDS_BY_LANGUAGE, type PinPadWords, type PinPadSession, type PinPadApproval, type ApprovalRequest, type LockReason } from './pin-pad.js';
export { StaffGateAccessLevelEditor, ACCESS_LEVEL_EDITOR_WORDS, type AccessLevelEditorWords, type StaffOption } from './access-level-editor.js';
export { StaffGateStaffList, STAFF_LIST_WORDS, type StaffListWords } from './staff-list.js';
// The typed client the components talk through, so a host page without a build step needs this one module.
export { createStaffGateClient, StaffGateProblem, type StaffGateClient } from '@staffgate/client';
