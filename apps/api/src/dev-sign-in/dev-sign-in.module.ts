import { Module } from '@nestjs/common';
import { DevSignInController } from './dev-sign-in.controller';
import { DevSignInService } from './dev-sign-in.service';

/** Imported by the app only when DONDOC_DEV_SIGN_IN=true in local mode (AppModule.with). */
@Module({ controllers: [DevSignInController], providers: [DevSignInService] })
export class DevSignInModule {}
