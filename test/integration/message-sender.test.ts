import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationMessage } from '#shared/messages/message.js';
import { startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const smsInvitation: InvitationMessage = {
  kind: 'invitation',
  channel: 'sms',
  to: '+46701234567',
  locale: 'sv',
  tenantName: 'Salong Solsken',
  firstName: 'Anna',
  inviterName: 'Olivia Owner',
  token: 'ten_01abc.inv_01def.secretsecretsecretsecr',
  expiresAt: '2026-12-01T10:00:00.000Z',
};

interface StoredEmail {
  from: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

/**
 * The email to `to` as the local SES sink (aws-ses-v2-local) stored it, once the stream worker has sent it:
 * the stream and the queue drained first, then the sink asked until a deadline that a busy machine does not reach.
 */
async function storedEmail(to: string): Promise<StoredEmail> {
  await api.stack.drainMessages();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { emails } = (await (await fetch(`${api.stack.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    const email = emails.find((candidate) => candidate.destination.to.includes(to));
    if (email) return email;
    if (Date.now() > deadline) throw new Error(`no email to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sqsEvent(...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, index) => ({ messageId: `m${index}`, body }) as SQSEvent['Records'][number]) };
}

describe('message sender', () => {
  it('publishes an SMS to SNS as a transactional message with the localised text', async () => {
    const { useSmsPublisher } = await import('#shared/clients/sns.js');
    const published: PublishCommandInput[] = [];
    useSmsPublisher({ publish: async (input) => void published.push(input) });
    const { handler } = await import('#functions/message-sender/handler.js');

    const result = await handler(sqsEvent(JSON.stringify(smsInvitation)));

    expect(result.batchItemFailures).toEqual([]);
    expect(published).toEqual([
      {
        PhoneNumber: '+46701234567',
        Message: `Hej Anna! Inbjudan till Salong Solsken. Välj lösenord: ${api.url}/account/invitation#${smsInvitation.token} (giltig till 1 december kl. 10:00 UTC). Väntade du dig inte detta? Bortse från det.`,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'StaffGate.Kind': { DataType: 'String', StringValue: 'invitation' },
        },
      },
    ]);
  });

  it('reports only the failed record back to the queue, so only it is retried', async () => {
    const { useSmsPublisher } = await import('#shared/clients/sns.js');
    useSmsPublisher({
      publish: async (input) => {
        if (input.PhoneNumber === '+46700000000') throw new Error('SNS throttled');
      },
    });
    const { handler } = await import('#functions/message-sender/handler.js');

    const result = await handler(
      sqsEvent(JSON.stringify(smsInvitation), JSON.stringify({ ...smsInvitation, to: '+46700000000' }), '{not json'),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  });

  it('sends email through SES, visible in the local SES sink', async () => {
    const { handler } = await import('#functions/message-sender/handler.js');
    const to = `ses-${Date.now()}@salon.example`;
    await handler(sqsEvent(JSON.stringify({ ...smsInvitation, channel: 'email', to, locale: 'ru' })));
    const { body } = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ channel: 'email', kind: 'invitation', subject: 'Приглашение в Salong Solsken', token: smsInvitation.token });
  });

  it("sends a salon's invitation email as text and HTML, from the salon's name at the configured address, with the expiry in its zone", async () => {
    const salon = 'Salong Blå "Sax & <Co>"';
    const to = `html-${Date.now()}@salon.example`;
    const created = await api.operator('POST', '/v1/operator/tenants', {
      name: salon,
      plan: 'paid',
      locale: 'sv',
      timeZone: 'Europe/Stockholm',
      owner: { firstName: 'Anna', lastName: 'Berg', email: to },
    });
    expect(created.status).toBe(201);

    const email = await storedEmail(to);
    const link = `${api.url}/account/invitation?lang=sv#${email.body.text?.match(/\/account\/invitation\?lang=sv#([\w.-]+)/)?.[1]}`;
    const expiry = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: 'Europe/Stockholm' }).format(
      new Date(created.body.owner.invitation.expiresAt),
    );
    expect(email.from).toBe(`=?UTF-8?B?${Buffer.from(salon).toString('base64')}?= <no-reply@staffgate.local>`);
    expect(email.subject).toBe(`Du är inbjuden till ${salon}`);
    expect(email.body.text).toContain(`Välj ditt lösenord här: ${link} (giltig till ${expiry}).`);
    expect(email.body.text).toContain(`Skickat av StaffGate på uppdrag av ${salon}.`);
    expect(email.body.html).toContain('<html lang="sv" dir="ltr">');
    expect(email.body.html).toContain(`<a href="${link}"`);
    expect(email.body.html).toContain('Salong Blå &quot;Sax &amp; &lt;Co&gt;&quot;');
    expect(email.body.html).toContain(`Giltig till ${expiry}.`);
    expect(email.body.html).not.toContain('<Co>');
  });

  it('moves a message that keeps failing to the dead letters instead of dropping it', async () => {
    const { useSmsPublisher } = await import('#shared/clients/sns.js');
    useSmsPublisher({
      publish: async () => {
        throw new Error('SNS down');
      },
    });
    const before = api.stack.queue.deadLetters.length;
    const { enqueueMessage } = await import('#shared/messages/queue.js');
    await enqueueMessage(smsInvitation);
    await api.stack.queue.drain();
    expect(api.stack.queue.deadLetters.length).toBe(before + 1);
  });
});
