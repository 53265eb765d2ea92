import { createStaffGateClient, type StaffGateClient, type StaffGateClientOptions } from '@staffgate/client';
import { latestToken, OWNER_PASSWORD, uniqueEmail } from '../../test/support/builders.js';
import { TEST_OPERATOR_TOKEN, type TestApi } from '../../test/support/local-api.js';

export interface Salon {
  owner: StaffGateClient;
  tenantId: string;
  ownerEmail: string;
  /** An access level to give staff (the specialist template). */
  levelId: string;
}

/**
 * A salon made the way a host would, through the client only: the operator
 * creates it, the owner accepts the emailed invitation and is signed in.
 * `options` shape the owner's client (a recording or failing fetch…).
 */
export async function openSalon(api: TestApi, options: Partial<StaffGateClientOptions> = {}): Promise<Salon> {
  const operator = createStaffGateClient({ baseUrl: api.url, token: TEST_OPERATOR_TOKEN });
  const ownerEmail = uniqueEmail();
  const { data: created } = await operator.POST('/v1/operator/tenants', {
    body: { name: 'Salong Solsken', plan: 'paid', owner: { firstName: 'Anna', lastName: 'Berg', email: ownerEmail } },
  });
  const owner = createStaffGateClient({ baseUrl: api.url, ...options });
  const { data: signedIn } = await owner.POST('/v1/invitations/accept', { body: { token: await latestToken(api, ownerEmail), password: OWNER_PASSWORD } });
  owner.setToken(signedIn.token);
  const tenantId = created.tenant.id;
  const { data: level } = await owner.POST('/v1/tenants/{tenantId}/access-levels', { params: { path: { tenantId } }, body: { name: 'Stylist', template: 'specialist' } });
  return { owner, tenantId, ownerEmail, levelId: level.id };
}

/** A fetch that remembers every request it sends (a copy, so its headers and body can be read afterwards). */
export function recordingFetch(): { fetch: (request: Request) => Promise<Response>; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: (request) => {
      requests.push(request.clone());
      return fetch(request);
    },
  };
}
