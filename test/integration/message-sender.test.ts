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
        Message: `Hej Anna! Olivia Owner har bjudit in dig till Salong Solsken i StaffGate. Välj ditt lösenord här: ${api.url}/invitations/${smsInvitation.token} (giltig till 1 december 2026).`,
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
