import { describeTemplateContract } from '../kit/template-contract.js';
import { playersMapModel } from './model.js';

describeTemplateContract(playersMapModel);
