/**
 * @staffgate/components: the host app's staff screens as web components,
 * in one ES module. Importing it defines the elements; each talks to the
 * API through the `client` property (a `StaffGateClient`) the host sets.
 */
export { theme } from './theme.js';
