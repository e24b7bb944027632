#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { createTodoApp } from '../lib/todo-app';

const app = new App();
createTodoApp(app);
