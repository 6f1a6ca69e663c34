import {
  findServiceAccount,
  SERVICE_ACCOUNTS,
  serviceAccountPrincipals,
  serviceAccountUser,
} from '../../../src/accounts';

describe('built-in service accounts (`ElasticServiceAccounts`)', () => {
  it('has exactly the four newest principals', () => {
    expect(serviceAccountPrincipals()).toEqual([
      'elastic/auto-ops',
      'elastic/fleet-server',
      'elastic/fleet-server-remote',
      'elastic/kibana',
    ]);
    expect(SERVICE_ACCOUNTS.size).toBe(4);
  });

  it('does not have the retired enterprise-search-server account', () => {
    expect(findServiceAccount('elastic/enterprise-search-server')).toBeUndefined();
  });

  it('splits each principal into namespace elastic and its service', () => {
    const account = findServiceAccount('elastic/fleet-server-remote');
    expect(account).toMatchObject({ principal: 'elastic/fleet-server-remote', namespace: 'elastic', service: 'fleet-server-remote' });
  });

  it('finds accounts by exact principal only', () => {
    expect(findServiceAccount('elastic/fleet-server')?.service).toBe('fleet-server');
    expect(findServiceAccount('Elastic/fleet-server')).toBeUndefined();
    expect(findServiceAccount('elastic/fleet')).toBeUndefined();
    expect(findServiceAccount('elastic')).toBeUndefined();
  });

  describe('role descriptors', () => {
    it('renders keys in ES order', () => {
      for (const account of SERVICE_ACCOUNTS.values()) {
        const keys = Object.keys(account.roleDescriptor).filter((key) => key !== 'global');
        expect(keys).toEqual(['cluster', 'indices', 'applications', 'run_as', 'metadata', 'transient_metadata']);
        expect(account.roleDescriptor.run_as).toEqual([]);
        expect(account.roleDescriptor.transient_metadata).toEqual({ enabled: true });
      }
    });

    it('renders index entries as names, privileges, allow_restricted_indices', () => {
      const [first] = findServiceAccount('elastic/auto-ops')?.roleDescriptor.indices ?? [];
      expect(JSON.stringify(first)).toBe(
        '{"names":["*"],"privileges":["monitor","view_index_metadata"],"allow_restricted_indices":true}',
      );
    });

    it('gives auto-ops cluster monitor, read_ilm, read_slm', () => {
      expect(findServiceAccount('elastic/auto-ops')?.roleDescriptor.cluster).toEqual(['monitor', 'read_ilm', 'read_slm']);
    });

    it('gives fleet-server its cluster privileges and the kibana fleet-setup application privilege', () => {
      const descriptor = findServiceAccount('elastic/fleet-server')?.roleDescriptor;
      expect(descriptor?.cluster).toEqual([
        'monitor',
        'manage_own_api_key',
        'read_fleet_secrets',
        'cluster:admin/xpack/connector/*',
      ]);
      expect(descriptor?.applications).toEqual([
        { application: 'kibana-*', privileges: ['reserved_fleet-setup'], resources: ['*'] },
      ]);
      expect(JSON.stringify(descriptor?.applications)).toBe(
        '[{"application":"kibana-*","privileges":["reserved_fleet-setup"],"resources":["*"]}]',
      );
      expect(descriptor?.metadata).toEqual({});
    });

    it('lets fleet-server write data streams and read fleet secrets in restricted indices', () => {
      const entries = findServiceAccount('elastic/fleet-server')?.roleDescriptor.indices ?? [];
      expect(entries[0]?.names).toEqual(expect.arrayContaining(['logs-*', 'metrics-*', 'traces-*']));
      expect(entries.find((entry) => entry.names.includes('.fleet-secrets*'))).toEqual({
        names: ['.fleet-secrets*'],
        privileges: ['read'],
        allow_restricted_indices: true,
      });
    });

    it('gives fleet-server-remote only data-stream writes', () => {
      expect(findServiceAccount('elastic/fleet-server-remote')?.roleDescriptor).toEqual({
        cluster: ['monitor', 'manage_own_api_key'],
        indices: [
          {
            names: ['logs-*', 'metrics-*', 'traces-*'],
            privileges: ['write', 'create_index', 'auto_configure'],
            allow_restricted_indices: false,
          },
        ],
        applications: [],
        run_as: [],
        metadata: {},
        transient_metadata: { enabled: true },
      });
    });

    it('gives kibana the kibana_system role: reserved metadata and global privileges after cluster', () => {
      const descriptor = findServiceAccount('elastic/kibana')?.roleDescriptor;
      expect(Object.keys(descriptor ?? {}).slice(0, 3)).toEqual(['cluster', 'global', 'indices']);
      expect(descriptor?.cluster).toEqual(expect.arrayContaining(['monitor', 'manage_index_templates', 'cancel_task']));
      expect(descriptor?.global).toEqual({
        application: { manage: { applications: ['kibana-*'] } },
        profile: { write: { applications: ['kibana*'] } },
      });
      expect(descriptor?.metadata).toEqual({ _reserved: true });
      expect(descriptor?.indices[0]).toEqual({
        names: ['.kibana*', '.reporting-*'],
        privileges: ['all'],
        allow_restricted_indices: true,
      });
    });

    it('cannot be changed by a caller', () => {
      const descriptor = findServiceAccount('elastic/fleet-server')?.roleDescriptor;
      expect(Object.isFrozen(descriptor)).toBe(true);
      expect(Object.isFrozen(descriptor?.cluster)).toBe(true);
      expect(Object.isFrozen(descriptor?.indices[0]?.names)).toBe(true);
    });
  });

  describe('the authenticated user', () => {
    it('has the `ElasticServiceAccounts` fields, in order', () => {
      const user = serviceAccountUser('elastic/fleet-server');
      expect(JSON.stringify(user)).toBe(
        '{"username":"elastic/fleet-server","roles":[],"full_name":"Service account - elastic/fleet-server",' +
          '"email":null,"metadata":{"_elastic_service_account":true},"enabled":true}',
      );
    });

    it('exists for every built-in account', () => {
      for (const principal of serviceAccountPrincipals()) {
        expect(serviceAccountUser(principal)?.full_name).toBe(`Service account - ${principal}`);
      }
    });

    it('does not exist for an unknown principal', () => {
      expect(serviceAccountUser('elastic/foo')).toBeUndefined();
    });

    it('is a fresh object each time', () => {
      const first = serviceAccountUser('elastic/kibana');
      first?.roles.push('changed');
      expect(serviceAccountUser('elastic/kibana')?.roles).toEqual([]);
    });
  });
});
