import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ses } from '../clients/ses.js';
import { smsPublisher } from '../clients/sns.js';
import { config } from '../config.js';
import { renderEmail } from './email-html.js';
import { KIND_HEADER, type OutgoingMessage, SMS_KIND_ATTRIBUTE } from './message.js';
import { fromHeader } from './sender.js';
import { renderMessage } from './templates.js';

/**
 * Sends one message by its channel. Throws on failure so the queue retries it.
 * An email goes as text and HTML (SES makes it multipart/alternative), from
 * the salon's name at the deployment's address.
 */
export async function deliver(message: OutgoingMessage): Promise<void> {
  if (message.channel === 'email') {
    const { subject, text, html } = renderEmail(message, config().accountPagesUrl);
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: fromHeader(config().emailFrom, message.kind === 'password_reset' ? undefined : message.tenantName),
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
            Headers: [{ Name: KIND_HEADER, Value: message.kind }],
          },
        },
        ...(config().sesConfigurationSet ? { ConfigurationSetName: config().sesConfigurationSet } : {}),
      }),
    );
    return;
  }
  const { text } = renderMessage(message, config().accountPagesUrl);
  const { smsSenderId, smsOriginationNumber } = config();
  await smsPublisher().publish({
    PhoneNumber: message.to,
    Message: text,
    MessageAttributes: {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      // Per deployment (infra/settings.ts `sms`), set on the message sender only; SNS has no such stack setting.
      ...(smsSenderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: smsSenderId } } : {}),
      ...(smsOriginationNumber ? { 'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: smsOriginationNumber } } : {}),
      [SMS_KIND_ATTRIBUTE]: { DataType: 'String', StringValue: message.kind },
    },
  });
}
