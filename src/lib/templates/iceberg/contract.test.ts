import { describeTemplateContract } from '../kit/template-contract.js';
import { icebergModel } from './model.js';

describeTemplateContract(icebergModel);
