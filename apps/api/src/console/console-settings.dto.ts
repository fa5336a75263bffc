import { ApiProperty } from '@nestjs/swagger';

/** Where and how the console sends people to the identity provider (oidc mode). */
export class ConsoleOidcSettings {
  @ApiProperty({ description: "The provider's issuer URL (its /.well-known/openid-configuration is read from there)" })
  authority!: string;

  @ApiProperty({ description: "The console's client id at the provider" })
  clientId!: string;

  @ApiProperty({ example: 'openid profile' })
  scope!: string;
}

/** How the console signs people in, read at its start so one build serves every deployment. */
export class ConsoleSettingsView {
  @ApiProperty({ enum: ['local', 'oidc'] })
  authMode!: 'local' | 'oidc';

  @ApiProperty({ description: 'The development sign-in page is offered (DONDOC_DEV_SIGN_IN=true, local mode)' })
  devSignIn!: boolean;

  @ApiProperty({ type: ConsoleOidcSettings, nullable: true })
  oidc!: ConsoleOidcSettings | null;

  @ApiProperty({ description: "The token's claim naming the person's unit", example: 'dondoc_unit' })
  unitClaim!: string;

  @ApiProperty({ description: "The token's claim listing the person's roles", example: 'dondoc_roles' })
  rolesClaim!: string;
}
