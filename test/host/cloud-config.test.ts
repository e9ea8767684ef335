// botbuilder's endpoint settings (sovereign or private clouds) are all or nothing: a partial set
// would leave the others empty inside botbuilder, so start-up refuses it and says what is missing.
import { CLOUD_ENDPOINTS, loadConfig } from '../../src/config';

test('none set: the public cloud, no problem', () => {
  const { config, problems } = loadConfig({});
  expect(problems).toEqual([]);
  expect(config.botFrameworkCloud).toEqual({});
});

test('a partial set is refused, naming what is missing', () => {
  const { problems } = loadConfig({ ToBotFromChannelOpenIdMetadataUrl: 'https://login.example.test/openid' });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('ToBotFromChannelOpenIdMetadataUrl set, but not');
  expect(problems[0]).toContain('ToBotFromChannelTokenIssuer');
});

test('the full set, ChannelService and ValidateAuthority pass through under their own names', () => {
  const all = Object.fromEntries(CLOUD_ENDPOINTS.map((n) => [n, `https://${n.toLowerCase()}.example.test`]));
  const { config, problems } = loadConfig({ ...all, ChannelService: 'https://botframework.azure.us', ValidateAuthority: 'false' });
  expect(problems).toEqual([]);
  expect(config.botFrameworkCloud).toEqual({ ...all, ChannelService: 'https://botframework.azure.us', ValidateAuthority: 'false' });
});

test('ValidateAuthority must be true or false as botbuilder reads it', () => {
  expect(loadConfig({ ValidateAuthority: 'True' }).problems).toEqual(['ValidateAuthority must be true or false (got "True")']);
});
