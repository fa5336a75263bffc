// Notices leave the building: e-mail rendering and sending, signed webhooks, their settings.
// Channel code only; what to send and when is decided by the outbox and the dispatcher.
export * from './delivery-settings';
export * from './digest-settings';
export * from './email/email-templates';
export * from './email/vietnamese-format';
export * from './email/event-email';
export * from './email/digest-email';
export * from './email/smtp-sender';
export * from './webhook/webhook-signing';
export * from './webhook/webhook-url-guard';
export * from './webhook/webhook-sender';
