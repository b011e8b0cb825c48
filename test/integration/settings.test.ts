/**
 * Settings as the extension reads them inside VS Code: where the base URL comes from.
 */
import * as assert from 'node:assert/strict';
import { readSettings } from '../../src/vscode/settings';

describe('settings in the VS Code extension host', () => {
  it('a bare host in POLYTOMIC_DEPLOYMENT_URL means https, as in Polytomic’s Terraform provider', () => {
    const settings = readSettings({ POLYTOMIC_DEPLOYMENT_URL: ' polytomic.acme.internal:8443/ ' });
    assert.equal(settings.baseUrlSource, 'env');
    assert.equal(settings.baseUrl, 'https://polytomic.acme.internal:8443');
  });

  it('a URL with a scheme is kept as written', () => {
    assert.equal(readSettings({ POLYTOMIC_DEPLOYMENT_URL: 'http://127.0.0.1:8765/' }).baseUrl, 'http://127.0.0.1:8765');
  });
});
