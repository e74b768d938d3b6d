import { describeTemplateContract } from '../kit/template-contract.js';
import { causalLoopModel } from './model.js';

describeTemplateContract(causalLoopModel);
