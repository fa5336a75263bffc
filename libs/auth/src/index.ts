export * from './principal';
export * from './errors';
export * from './claims';
export * from './token-verifier';
export * from './token-issuer';
export * from './keys';
export * from './demo-people';
