import { describeTemplateContract } from '../kit/template-contract.js';
import { howMightWeModel } from './model.js';

describeTemplateContract(howMightWeModel);
