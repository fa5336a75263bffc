import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { checkEdgeValue } from './edge-text';

/**
 * The first global pipe: every body, query value and path parameter passes {@link checkEdgeValue}
 * before validation, so no endpoint can forget it. Values the server itself makes (the caller,
 * from the token) are left alone.
 */
@Injectable()
export class EdgeTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    return checkEdgeValue(value, { kind: metadata.type, name: metadata.data });
  }
}
