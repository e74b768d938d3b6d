import { describeTemplateContract } from '../kit/template-contract.js';
import { theoryOfChangeModel } from './model.js';

describeTemplateContract(theoryOfChangeModel);
