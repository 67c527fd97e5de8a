/*
 * Meta's webhook payload for the Cloud API tests and benchmarks, with nothing of the test runner, so a
 * benchmark can build the same bodies.
 */

/** The business phone number id the fake Graph API and the tests' webhooks use. */
export const PHONE_NUMBER_ID = '109876543210';

/** A webhook body with her messages and/or statuses, as Meta sends it. */
export function webhookBody(value: { messages?: object[]; statuses?: object[]; phoneNumberId?: string; waId?: string }): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1029384756',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5219980000000', phone_number_id: value.phoneNumberId ?? PHONE_NUMBER_ID },
              ...(value.messages ? { contacts: [{ profile: { name: 'N' }, wa_id: value.waId ?? '5219981230001' }], messages: value.messages } : {}),
              ...(value.statuses ? { statuses: value.statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

