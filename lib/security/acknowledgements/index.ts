import { PackAcknowledgements } from './acknowledgement';
import { AWS_SOLUTIONS } from './aws-solutions';
import { CONTROL_TOWER } from './control-tower';
import { NIST_800_53_R5 } from './nist-800-53-r5';
import { SERVERLESS } from './serverless';

export { applyAcknowledgements } from './acknowledgement';
export type { Acknowledgement, AcknowledgementUse, PackAcknowledgements } from './acknowledgement';
export { CONTROL_TOWER };

/** Every pack's reviewed exemptions: the one place findings are accepted (README, "Security"). */
export const ACKNOWLEDGEMENTS: readonly PackAcknowledgements[] = [
  AWS_SOLUTIONS,
  SERVERLESS,
  NIST_800_53_R5,
  CONTROL_TOWER,
];
