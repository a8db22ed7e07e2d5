import { describe, expect, it } from '@jest/globals';
import { isAssetWire, listOf } from '../../connector/index.js';
import { mapAsset, normaliseLink } from '../index.js';
import { cometFixture } from './fixtures.js';

const owner = { experimentKey: 'c352827bcdcb45e3ad40d0decec0b43c', project: 'vision', workspace: 'team' };

describe('mapAsset', () => {
  it('maps the recorded asset list: name, type, size, time; no hash; the link as uri', () => {
    const assets = listOf(cometFixture('asset-list-images.json'), 'assets', isAssetWire);
    const view = mapAsset(assets[0] as (typeof assets)[number], { instance: 'comet', webUrl: 'https://www.comet.com', owner });
    expect(view).toMatchObject({
      __typename: 'CometAsset',
      id: 'comet:asset:c352827bcdcb45e3ad40d0decec0b43c/5b6a596de48041c08c3395d80cc436f6',
      origin: { source: 'comet', kind: 'COMET', nativeId: '5b6a596de48041c08c3395d80cc436f6', url: 'https://www.comet.com/team/vision/c352827bcdcb45e3ad40d0decec0b43c' },
      name: 'Figure(640x480).svg',
      project: 'vision',
      createdAt: '2019-04-19T19:52:29.582Z',
      type: 'image',
      uri: 'https://s3.amazonaws.com/comet.ml/yLB5azBCky96p5Q5IJJJA4est.svg',
      hash: null,
      size: 35241,
      fileSize: 35241,
      assetType: 'image',
      step: null,
      runContext: null,
      dir: 'media',
      metadata: null,
    });
  });

  it('parses JSON-encoded metadata and keeps unreadable values out', () => {
    const view = mapAsset({ assetId: 'a', metadata: '{"epoch":3}', fileSize: -1, step: '7' }, { instance: 'comet', owner });
    expect(view).toMatchObject({ name: 'a', metadata: { epoch: 3 }, size: null, step: 7, uri: null, origin: { url: null } });
    expect(mapAsset({ assetId: 'a', metadata: '{oops' }, { instance: 'comet', owner }).metadata).toBeNull();
  });
});

describe('normaliseLink', () => {
  it('drops the query string of pre-signed links (S3 v4 and v2, GCS, Azure SAS) and every fragment', () => {
    expect(normaliseLink('https://b.s3.amazonaws.com/k/f.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x&X-Amz-Signature=y')).toBe('https://b.s3.amazonaws.com/k/f.csv');
    expect(normaliseLink('https://s3.amazonaws.com/b/f?AWSAccessKeyId=A&Expires=1&Signature=s')).toBe('https://s3.amazonaws.com/b/f');
    expect(normaliseLink('https://storage.googleapis.com/b/f?X-Goog-Signature=s&X-Goog-Expires=1')).toBe('https://storage.googleapis.com/b/f');
    expect(normaliseLink('https://a.blob.core.windows.net/c/f?sv=2020&sig=s&se=2026')).toBe('https://a.blob.core.windows.net/c/f');
    expect(normaliseLink('https://host/f#part')).toBe('https://host/f');
  });

  it("keeps a query that names the object (Comet's own get-asset links) and anything that is not a URL", () => {
    const own = 'https://www.comet.com/api/rest/v2/experiment/asset/get-asset?assetId=a&experimentKey=k';
    expect(normaliseLink(own)).toBe(own);
    expect(normaliseLink('relative/path.txt')).toBe('relative/path.txt');
    expect(normaliseLink(null)).toBeNull();
  });
});
