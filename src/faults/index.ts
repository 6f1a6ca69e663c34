/**
 * Faults: the table of fault types (fields, validation, CLI options), the parser of a
 * definition, and the executor that applies and heals them. A leaf below the transport:
 * it imports none of node/, transport/, coordinator/ or http/.
 */
export * from './fault-table';
export * from './parse-fault';
export * from './rest-fault-fields';
export * from './rest-fault-plan';
export * from './sample-delay';
export * from './cluster-faults';
