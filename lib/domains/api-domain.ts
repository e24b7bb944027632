import { Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { certificateRegion } from '../config/domain-keys';

export interface ApiDomainProps {
  /** The API's host name, e.g. `api.todo.example.com`. */
  readonly domainName: string;
  /** ACM certificate covering `domainName`, in the stack's region. */
  readonly certificateArn: string;
  /** The stage served at the domain's root (`https://<domainName>/todos`). */
  readonly stage: apigateway.Stage;
}

/**
 * The API's custom domain: an API Gateway regional custom domain with the TLS 1.2 security policy, reachable over
 * IPv4 and IPv6, mapping its root to one stage. DNS is the caller's: alias records to
 * `domain.domainNameAliasDomainName` (AliasRecords, or by hand).
 */
export class ApiDomain extends Construct {
  public readonly domain: apigateway.DomainName;

  constructor(scope: Construct, id: string, props: ApiDomainProps) {
    super(scope, id);
    // A regional custom domain needs a certificate of its own region:
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-regional-api-custom-domain-create.html
    const region = Stack.of(this).region;
    const certificateIn = certificateRegion(props.certificateArn);
    if (!Token.isUnresolved(region) && !Token.isUnresolved(props.certificateArn) && certificateIn !== region) {
      throw new Error(
        `ApiDomain: certificateArn must be an ACM certificate in the stack's region ${region}, got ${props.certificateArn}`,
      );
    }

    // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigateway.DomainName.html (SecurityPolicy.TLS_1_2)
    this.domain = new apigateway.DomainName(this, 'DomainName', {
      domainName: props.domainName,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      endpointType: apigateway.EndpointType.REGIONAL,
      securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
    });
    // IPv4 is the default; dualstack lets the AAAA alias answer. The L2 has no property for it:
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-custom-domain-ip-address-type.html
    (this.domain.node.defaultChild as apigateway.CfnDomainName).endpointConfiguration = {
      types: [apigateway.EndpointType.REGIONAL],
      ipAddressType: apigateway.IpAddressType.DUAL_STACK,
    };

    // No base path: the stage answers at the root, so `<domain>/todos` is the collection.
    new apigateway.BasePathMapping(this, 'BasePathMapping', {
      domainName: this.domain,
      restApi: props.stage.restApi,
      stage: props.stage,
    });
  }
}
