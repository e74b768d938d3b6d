import { describeTemplateContract } from '../kit/template-contract.js';
import { actionPlanModel } from './model.js';

describeTemplateContract(actionPlanModel);
