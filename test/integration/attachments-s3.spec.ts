/**
 * Attachments on the real stack with DONDOC_STORAGE=s3, against the S3-compatible server that
 * infra/test.sh starts (infra/s3proxy.sh exports DONDOC_S3_*): the same cases as on the
 * filesystem, in a bucket of their own. Skipped, saying so, when no such server is running.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3BlobStore, type S3StoreSettings } from '@dondoc/storage';
import { unique } from './support/builders';
import { useStack } from './support/use-stack';
import { attachmentCases } from './attachments/attachment-cases';

const endpoint = process.env.DONDOC_S3_ENDPOINT;

if (endpoint === undefined || endpoint === '') {
  describe('attachments on S3', () => {
    it.skip('needs an S3-compatible server: run through npm test (infra/s3proxy.sh), or export DONDOC_S3_ENDPOINT and its keys', () => {});
  });

  console.warn('S3 attachment tests skipped: DONDOC_S3_ENDPOINT is not set (infra/test.sh starts S3Proxy and sets it)');
} else {
  const settings: S3StoreSettings = {
    endpoint,
    bucket: `dondoc-it-${unique()}`,
    region: process.env.DONDOC_S3_REGION ?? 'us-east-1',
    accessKeyId: process.env.DONDOC_S3_ACCESS_KEY_ID ?? null,
    secretAccessKey: process.env.DONDOC_S3_SECRET_ACCESS_KEY ?? null,
    forcePathStyle: true,
  };
  const maxBytes = 1024 * 1024;
  let store: S3BlobStore | undefined;

  beforeAll(async () => {
    const client = new S3Client({
      endpoint,
      region: settings.region,
      forcePathStyle: true,
      credentials: { accessKeyId: settings.accessKeyId ?? '', secretAccessKey: settings.secretAccessKey ?? '' },
    });
    await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
    client.destroy();
    store = new S3BlobStore(settings);
  });
  afterAll(() => store?.destroy());

  const stack = useStack({
    env: {
      DONDOC_STORAGE: 's3',
      DONDOC_S3_BUCKET: settings.bucket,
      DONDOC_S3_FORCE_PATH_STYLE: 'true',
      DONDOC_ATTACHMENT_MAX: '1mb',
    },
  });

  describe('attachments on S3', () => {
    attachmentCases({
      stack,
      store: () => {
        if (store === undefined) throw new Error('the bucket was not created');
        return store;
      },
      maxBytes,
    });
  });
}
